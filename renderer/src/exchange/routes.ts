/** The exchange screens under #/exchange/<page>[/<arg>]. */
export const EXCHANGE_PAGES = ['outbox', 'import', 'text', 'trust', 'print'] as const;
export type ExchangePage = (typeof EXCHANGE_PAGES)[number];

export const exchangeHref = (page: ExchangePage, arg?: string) => `#/exchange/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}`;

export function exchangePage(p: string | undefined): ExchangePage {
  return (EXCHANGE_PAGES as readonly string[]).includes(p ?? '') ? (p as ExchangePage) : 'outbox';
}
