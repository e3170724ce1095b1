/** The API keeps amounts in cents of one currency it does not name; the pages show them in this one. */
const SHOP_CURRENCY = 'EUR';

/** Money and times as people read them (the browser's locale). */
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: SHOP_CURRENCY });
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export const formatMoney = (cents: number): string => money.format(cents / 100);
export const formatTime = (iso: string): string => time.format(new Date(iso));
export const formatClock = (iso: string): string => clock.format(new Date(iso));
/** The end of a UUID: enough to tell orders apart on screen (the ids are UUIDv7, whose start is their time). */
export const shortId = (id: string): string => id.slice(-8);
