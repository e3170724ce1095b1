import type { HttpClient, HttpResponse } from './http-client.js';

/** Every item of a cursor-paged listing (`?…&cursor=`), following nextCursor until it is null. */
export async function walkPages<T>(
  http: HttpClient,
  pathAndQuery: string,
  token?: string,
): Promise<{ pages: T[][]; items: T[] }> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const separator = pathAndQuery.includes('?') ? '&' : '?';
    const response: HttpResponse<{ items: T[]; nextCursor: string | null }> = await http.get(
      `${pathAndQuery}${cursor === null ? '' : `${separator}cursor=${encodeURIComponent(cursor)}`}`,
      token === undefined ? {} : { token },
    );
    expect(response.status).toBe(200);
    pages.push(response.body.items);
    cursor = response.body.nextCursor;
    if (pages.length > 100) throw new Error('pagination does not end');
  } while (cursor !== null);
  return { pages, items: pages.flat() };
}
