export interface HttpResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** A raw body sent as is (for malformed-input tests); otherwise `body` is JSON-encoded. */
  readonly raw?: string | Uint8Array;
}

/** A thin fetch wrapper: real HTTP against a running Tessera, JSON in and out. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  get<T = any>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request('GET', path, undefined, options);
  }
  post<T = any>(path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request('POST', path, body, options);
  }
  patch<T = any>(path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request('PATCH', path, body, options);
  }

  async request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | Uint8Array | undefined = options.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  }
}
