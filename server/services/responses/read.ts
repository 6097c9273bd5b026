/** Reading one stored response, as integrations and analysts do: only of the sites the caller sees. */
import { NotFoundError } from '../../errors';
import type { TenantContext } from '../context';
import type { ResponseDoc } from './types';

export async function getResponse(ctx: TenantContext, id: string): Promise<ResponseDoc> {
  const response = await ctx.store.collection<ResponseDoc>('responses').findOne({ _id: id });
  if (!response) throw new NotFoundError('response');
  return response;
}
