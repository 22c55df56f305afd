/**
 * At the top of a draft made by importing a returned draft as a NEW draft (by mistake): the master
 * it came back from, and how to merge it there: at once from the file its import read when that
 * file is still there (mergeReturnedCopy: the file verified again and imported into the master, the
 * signer confirmed when the trust register does not trust the key now), else the import page with
 * the master chosen as the target; or that the master is in the trash or gone.
 * Drafts imported before the master was recorded show nothing (main/bundle/returned-copy.ts).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportIntoResult } from '../../../shared/contract/import-into';
import { getApi } from '../api';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { Sentence } from '../ui/Sentence';
import { CodedText } from '../ui/Stored';
import { IntoSummary } from './IntoSummary';
import { exchangeHref } from './routes';
import { useLoad } from './useLoad';

const SAYS = { here: 'notice', trash: 'masterInTrash', gone: 'masterGone' } as const;

/** `inTrash`: this draft's own trash state (reloads it: whether it must go to the trash first changes with it). `onMerged`: the copy went to the trash. */
export function ReturnedCopyNotice({ draftId, inTrash, onMerged }: { draftId: string; inTrash: boolean; onMerged?: () => void }) {
  const { t } = useTranslation();
  const api = getApi();
  const copy = useLoad(() => api.returnedCopy({ draftId }), [api, draftId, inTrash]);
  const [confirmed, setConfirmed] = useState(false);
  const { busy, error: failed, run } = useAction();
  const [done, setDone] = useState<{ result: ImportIntoResult; masterId: string } | null>(null);
  const openMaster = useRef<HTMLAnchorElement>(null);
  const confirmId = useId();
  // the button that did it is gone: the focus goes to the way to the master
  useEffect(() => void (done && openMaster.current?.focus()), [done]);
  if (done)
    return (
      <div className="notice returned-copy" role="status" data-testid="returned-copy-merged">
        <p>
          {t('exchange.importInto.done')} <IntoSummary merged={done.result.merged} message={done.result.message} />
          {done.result.movedFrom && <> {t('exchange.importInto.movedFrom', { title: done.result.movedFrom.title })}</>}
        </p>
        <a ref={openMaster} href={href.draft(done.masterId)}>
          {t('exchange.importInto.open')}
        </a>
      </div>
    );
  if (copy.error) return <ErrorText error={copy.error} />;
  if (!copy.data) return null;
  const { master, fileName, trashFirst, fileHere, signer } = copy.data;
  const trusted = signer.trust.status === 'trusted';
  // a key revoked since: no merge (it would be refused), the register's reason said instead
  const revoked = signer.trust.status === 'revoked';
  const mergeNow = master.state === 'here' && fileHere && !trashFirst && !revoked;
  return (
    <div className="notice returned-copy" role="status" data-testid="returned-copy">
      <p>
        <Sentence k={`exchange.returnedCopy.${SAYS[master.state]}`} values={{ title: master.title }} />
      </p>
      {master.state === 'here' && (
        <>
          <p>
            <Sentence k="exchange.returnedCopy.file" values={{ file: fileName }} />
            {trashFirst && <> {t('exchange.returnedCopy.trashFirst')}</>}
          </p>
          {revoked && (
            <p data-testid="copy-signer-revoked">
              <Sentence k="exchange.verify.trustReason" values={{ reason: <CodedText coded={signer.trust.reasonRef} text={signer.trust.reason} /> }} />
            </p>
          )}
          {mergeNow && (
            <div className="copy-merge">
              <p>
                {t('exchange.returnedCopy.mergeHere')}
              </p>
              {!trusted && (
                <label htmlFor={confirmId}>
                  <input id={confirmId} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {t('exchange.import.confirmUnknown', { fingerprint: signer.fingerprint })}
                </label>
              )}
              <button
                type="button"
                className="primary"
                disabled={busy || (!trusted && !confirmed)}
                onClick={() =>
                  run(async () => {
                    const result = await api.mergeReturnedCopy({ draftId, acceptUnknownSigner: trusted ? undefined : confirmed });
                    setDone({ result, masterId: master.draftId });
                    onMerged?.();
                  })
                }
              >
                {t('exchange.returnedCopy.merge')}
              </button>
              <ErrorText error={failed} />
            </div>
          )}
          <a className="button-link" href={exchangeHref('import', master.draftId)}>
            <Sentence k="exchange.returnedCopy.open" values={{ title: master.title }} />
          </a>
        </>
      )}
    </div>
  );
}
