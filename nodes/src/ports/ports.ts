import type { ConnectorHttp, Page } from '../connectors/sdk/http.js';
import type {
  Company,
  Contact,
  ContactInput,
  Content,
  ContentInput,
  Customer,
  Deal,
  Invoice,
  InvoiceInput,
  ListRequest,
  Message,
  MessageInput,
  Order,
  Payment,
  Product,
  Report,
  ReportRequest,
} from './canonical.js';

export { CONNECTOR_CATEGORIES, type ConnectorCategory } from '../connector-categories.js';

/** What a port method gets: the connection's client and its credentials. */
export interface PortContext<C = unknown> {
  http: ConnectorHttp;
  credentials: C;
}

export interface UpsertResult<T> {
  created: boolean;
  record: T;
}

// Port methods take already-parsed canonical input (defaults applied) and return canonical entities
// whose `source.id` is the vendor's id and `raw` the vendor's record.

export interface CrmPort<C = unknown> {
  listContacts(ctx: PortContext<C>, request: ListRequest): Promise<Page<Contact>>;
  getContact(ctx: PortContext<C>, id: string): Promise<Contact>;
  createContact(ctx: PortContext<C>, input: ContactInput): Promise<Contact>;
  updateContact(ctx: PortContext<C>, id: string, input: ContactInput): Promise<Contact>;
  /** Finds the contact by email and updates it, or creates it. */
  upsertContact(ctx: PortContext<C>, input: ContactInput): Promise<UpsertResult<Contact>>;
  listCompanies?(ctx: PortContext<C>, request: ListRequest): Promise<Page<Company>>;
  listDeals?(ctx: PortContext<C>, request: ListRequest): Promise<Page<Deal>>;
}

export interface CmsPort<C = unknown> {
  listContent(ctx: PortContext<C>, request: ListRequest): Promise<Page<Content>>;
  getContent(ctx: PortContext<C>, id: string): Promise<Content>;
  createContent(ctx: PortContext<C>, input: ContentInput): Promise<Content>;
  updateContent(ctx: PortContext<C>, id: string, input: Partial<ContentInput>): Promise<Content>;
}

export interface CommercePort<C = unknown> {
  listOrders(ctx: PortContext<C>, request: ListRequest): Promise<Page<Order>>;
  getOrder(ctx: PortContext<C>, id: string): Promise<Order>;
  listProducts(ctx: PortContext<C>, request: ListRequest): Promise<Page<Product>>;
  listCustomers(ctx: PortContext<C>, request: ListRequest): Promise<Page<Customer>>;
}

export interface BillingPort<C = unknown> {
  listCustomers(ctx: PortContext<C>, request: ListRequest): Promise<Page<Customer>>;
  createCustomer(ctx: PortContext<C>, input: { email?: string; name?: string }): Promise<Customer>;
  listInvoices(ctx: PortContext<C>, request: ListRequest): Promise<Page<Invoice>>;
  createInvoice(ctx: PortContext<C>, input: InvoiceInput): Promise<Invoice>;
  listPayments(ctx: PortContext<C>, request: ListRequest): Promise<Page<Payment>>;
}

export interface AnalyticsPort<C = unknown> {
  report(ctx: PortContext<C>, request: ReportRequest): Promise<Report>;
}

export interface MessagingPort<C = unknown> {
  send(ctx: PortContext<C>, input: MessageInput): Promise<Message>;
}

/**
 * An LLM connection is an agent's model, not a set of operations: the agent layer builds a LangChain
 * chat model from it (`nodes/src/agents/models`). The port names the model used when a node names none.
 */
export interface LlmPort<C = unknown> {
  defaultModel(credentials: C): string;
}

export interface PortsByCategory<C = unknown> {
  crm: CrmPort<C>;
  cms: CmsPort<C>;
  commerce: CommercePort<C>;
  billing: BillingPort<C>;
  analytics: AnalyticsPort<C>;
  messaging: MessagingPort<C>;
  llm: LlmPort<C>;
}
