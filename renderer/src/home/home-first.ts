/**
 * Cards the home page shows before "Show all": the drafts changed last (the list comes newest
 * first). A ministry's store holds hundreds of drafts; rendering 1,000 cards took the home page
 * 1.8 s (`npm run bench -- home`), the list call itself 7 ms. Also read by that bench.
 */
export const HOME_FIRST = 50;
