/** JSON calls to Redress's API from the modeler page, with the page's CSRF token. */

/** An answer other than 2xx: `status`, the server's message and its details (field or element problems). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

const csrfToken = (): string =>
  document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

/** Calls `path` with an optional JSON body; resolves to the parsed JSON answer. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'x-csrf-token': csrfToken() } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = parsed as { error?: string; details?: unknown } | null;
    throw new ApiError(
      response.status,
      error?.error ?? `${response.status} ${response.statusText}`,
      error?.details,
    );
  }
  return parsed as T;
}
