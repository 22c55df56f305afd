import { ReviewPage } from './ReviewPage';
import type { ConsolidationRoute } from './routes';
import { WorkshopPage } from './WorkshopPage';
import { WorkshopsPage } from './WorkshopsPage';

/** The consolidation screens shown in the main area of the app. */
export function ConsolidationScreens({ route }: { route: ConsolidationRoute }) {
  if (route.name === 'workshops') return <WorkshopsPage />;
  if (route.name === 'workshop') return <WorkshopPage key={route.workshopId} workshopId={route.workshopId} />;
  return <ReviewPage draftId={route.draftId} tab={route.tab} arg={route.arg} />;
}
