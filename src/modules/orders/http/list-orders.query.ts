import { PageQuery } from '../../../shared/pagination/page.query.js';

/** A customer's own orders, newest first. */
export class ListOrdersQuery extends PageQuery {}
