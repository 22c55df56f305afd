/**
 * The screens that are not the first one, each a chunk of its own loaded when it is first shown
 * (issue 13: a first screen that loads only what it shows), and preloaded once the first screen is
 * up and the browser is idle, so that going to them later does not wait. While a chunk loads the
 * page says so politely, but only if it takes longer than a blink (LOADING_DELAY_MS); a chunk that
 * cannot be loaded says so and offers to try again.
 */
import { Component, lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { whenIdle } from './idle';

/** Below this a screen's chunk is shown without any "Loading…" in between (no flash). */
export const LOADING_DELAY_MS = 300;

type Loaded<P> = ComponentType<P>;
export type Screen<P> = ComponentType<P> & { preload(): Promise<unknown> };

/** A lazily loaded component; `preload()` fetches its chunk ahead (a failed load is tried again). */
function screen<P extends object>(load: () => Promise<Loaded<P>>): Screen<P> {
  let pending: Promise<Loaded<P>> | null = null;
  const preload = () =>
    (pending ??= load().catch((e: unknown) => {
      pending = null;
      throw e;
    }));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  return Object.assign(Lazy, { preload }) as unknown as Screen<P>;
}

export const DraftScreen = screen(() => import('./draft/DraftView').then((m) => m.DraftView));
export const ExchangeScreen = screen(() => import('./exchange/ExchangeView').then((m) => m.ExchangeView));
export const VersionsScreen = screen(() => import('./history/DraftVersions').then((m) => m.DraftVersions));
export const ConsolidationScreen = screen(() => import('./consolidation/Screens').then((m) => m.ConsolidationScreens));
export const SearchScreen = screen(() => import('./home/SearchResults').then((m) => m.SearchResults));
export const IdentityExtrasScreen = screen(() => import('./home/IdentityExtras').then((m) => m.IdentityExtras));

/** Most likely next first: a draft (and its history panel's warm-up), then the rest. */
const LIKELY_NEXT: Array<() => Promise<unknown>> = [
  DraftScreen.preload,
  () => import('./history/warm').then((m) => m.warmHistoryPanel()),
  ExchangeScreen.preload,
  ConsolidationScreen.preload,
  VersionsScreen.preload,
  SearchScreen.preload,
  IdentityExtrasScreen.preload,
];

/**
 * Once the first screen is up: each idle moment loads one more of the other screens' chunks (and
 * runs the history panel's warm-up: history/warm.tsx), one at a time. Returns a cancel function.
 */
export function preloadScreens(): () => void {
  let stopped = false;
  let cancel = () => {};
  const next = (i: number) => {
    if (stopped || i >= LIKELY_NEXT.length) return;
    cancel = whenIdle(() => {
      LIKELY_NEXT[i]!()
        .catch(() => {}) // a preload that fails costs nothing: the screen loads (and reports) when shown
        .finally(() => next(i + 1));
    });
  };
  next(0);
  return () => {
    stopped = true;
    cancel();
  };
}

/**
 * "Loading…" as a polite status, its words shown only once a chunk has taken LOADING_DELAY_MS; busy
 * from the start, as the app's other loading places are (what waits for a screen waits for this).
 */
function Loading() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setShown(true), LOADING_DELAY_MS);
    return () => clearTimeout(id);
  }, []);
  return (
    <p role="status" className="screen-loading" aria-busy="true">
      {shown ? t('app.loading') : null}
    </p>
  );
}

type FailedProps = { children: ReactNode; wrap: (failed: ReactNode) => ReactNode };

/** A screen whose chunk could not be loaded (a damaged install, a file removed): said, with a retry. */
class LoadFailed extends Component<FailedProps, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.wrap(<Failed />) : this.props.children;
  }
}

function Failed() {
  const { t } = useTranslation();
  return (
    <div className="error screen-failed" role="alert">
      <p>{t('screens.failed')}</p>
      <button type="button" onClick={() => location.reload()}>
        {t('screens.reload')}
      </button>
    </div>
  );
}

/**
 * Where a lazily loaded screen is shown: the loading status meanwhile, the failure if it cannot be
 * shown (both wrapped by `fallback` where the screen brings its own landmark). Keyed by the route
 * where it stays in place across screens, so a failure does not outlive its screen.
 */
export function ScreenSlot({ children, fallback = (loading) => loading }: { children: ReactNode; fallback?: (loading: ReactNode) => ReactNode }) {
  return (
    <LoadFailed wrap={fallback}>
      <Suspense fallback={fallback(<Loading />)}>{children}</Suspense>
    </LoadFailed>
  );
}
