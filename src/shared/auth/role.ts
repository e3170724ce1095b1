/**
 * The roles a signed-in principal can hold. They live in the kernel because
 * every module authorises requests from the token alone, without calling `users`.
 */
export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
