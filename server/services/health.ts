/** Whether the store answers: what a liveness probe asks. */
import type { Store } from '../store/types';

export async function storeAnswers(store: Store): Promise<boolean> {
  try {
    await store.collection('enterprises').count({});
    return true;
  } catch {
    return false;
  }
}
