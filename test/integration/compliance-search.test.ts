import { randomUUID } from 'node:crypto';
import type { ComplaintSearchPage } from '../../core/search/complaint-search.service';
import { loginAs, type StaffClient } from '../support/staff-client';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { complaint, DAY, HOUR, insertComplaint, insertCustomer } from './compliance-seed';

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) back into rows, to check the export exactly. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('compliance search and the complaint list export', () => {
  let sys: TestSystem;
  let compliance: StaffClient;
  const ids: Record<string, string> = {};
  const codes: Record<string, string> = {};
  const base = new Date('2025-03-01T10:00:00Z');

  beforeAll(async () => {
    sys = await startTestSystem();
    const ada = randomUUID();
    const bob = randomUUID();
    await insertCustomer(sys.dataSource, {
      id: ada,
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.test',
      phone: '+44 20 7946 0101',
    });
    await insertCustomer(sys.dataSource, {
      id: bob,
      name: 'Bob Marley',
      email: 'bob@example.test',
      phone: null,
    });
    const now = Date.now();
    const seeds = {
      kettle: complaint(ada, base, {
        subject: 'Broken kettle',
        description: 'The kettle stopped heating after two days of use.',
        category: 'product',
        channel: 'web',
      }),
      invoice: complaint(bob, new Date(base.getTime() + DAY), {
        subject: '=HYPERLINK("http://evil.test","click")',
        description: 'I was charged twice on my invoice, "twice" I say, please refund.',
        category: 'billing',
        channel: 'email',
        department: 'finance',
        processVersion: 2,
      }),
      late: complaint(ada, new Date(base.getTime() + 2 * DAY), {
        subject: 'Parcel never arrived',
        description: 'The courier says delivered but nothing came.',
        category: 'delivery',
        channel: 'phone',
        stage: 'approval',
        tasks: [
          {
            elementId: 'investigate',
            name: 'Investigate',
            status: 'open',
            createdAt: new Date(now - 10 * DAY),
            dueAt: new Date(now - DAY),
            completedAt: null,
            assignee: 'agent.one@staff.test',
          },
        ],
      }),
      slow: complaint(bob, new Date(base.getTime() + 3 * DAY), {
        subject: 'Rude staff member',
        description: 'The assistant was rude, +1 for the manager though.',
        category: 'service',
        status: 'closed',
        stage: 'closed',
        tasks: [
          {
            elementId: 'investigate',
            name: 'Investigate',
            status: 'completed',
            createdAt: base,
            dueAt: new Date(base.getTime() + DAY),
            completedAt: new Date(base.getTime() + 2 * DAY),
            completedBy: 'agent.two@staff.test',
          },
        ],
      }),
      onTime: complaint(bob, new Date(base.getTime() + 4 * DAY), {
        subject: 'Toaster burns bread',
        description: 'Every setting burns the bread.',
        category: 'product',
        tasks: [
          {
            elementId: 'investigate',
            name: 'Investigate',
            status: 'completed',
            createdAt: base,
            dueAt: new Date(base.getTime() + DAY),
            completedAt: new Date(base.getTime() + HOUR),
            completedBy: 'agent.one@staff.test',
          },
        ],
      }),
    };
    for (const [k, c] of Object.entries(seeds)) {
      ids[k] = c.id;
      codes[k] = await insertComplaint(sys.dataSource, c);
    }
    // Filler for pagination: 25 more, one minute apart, in April.
    for (let i = 0; i < 25; i++)
      await insertComplaint(
        sys.dataSource,
        complaint(ada, new Date(Date.UTC(2025, 3, 1, 9, i)), { subject: `Filler ${i}`, category: 'filler' }),
      );
    compliance = await loginAs(sys, ['compliance']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const search = async (query: string): Promise<ComplaintSearchPage> => {
    const res = await compliance.json<ComplaintSearchPage>('GET', `/api/compliance/complaints?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const found = async (query: string): Promise<string[]> =>
    (await search(`${query}&limit=200`)).items.map((i) => i.id).sort();
  const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort();

  it('should find by tracking code, customer name, email and phone', async () => {
    expect(await found(`trackingCode=${codes.invoice!.toLowerCase()}`)).toEqual(sorted('invoice'));
    expect(await found('customer=lovelace&category=product')).toEqual(sorted('kettle'));
    expect(await found('customer=BOB%40EXAMPLE.TEST')).toEqual(sorted('invoice', 'slow', 'onTime'));
    expect(await found('customer=7946%200101&from=2025-03-01&to=2025-03-31')).toEqual(
      sorted('kettle', 'late'),
    );
    // LIKE wildcards in the input are literal characters, not patterns.
    expect(await found('customer=%25%25%25')).toEqual([]);
  });

  it('should find words in the text with the full-text index (web-search syntax)', async () => {
    expect(await found('text=kettle')).toEqual(sorted('kettle'));
    expect(await found('text=charged%20refund')).toEqual(sorted('invoice'));
    expect(await found('text=bread%20-toaster')).toEqual([]);
    expect(await found('text=%22never%20arrived%22')).toEqual(sorted('late'));
  });

  it('should filter by category, channel, stage, status, department, version and dates', async () => {
    expect(await found('category=product')).toEqual(sorted('kettle', 'onTime'));
    expect(await found('channel=phone')).toEqual(sorted('late'));
    expect(await found('stage=approval')).toEqual(sorted('late'));
    expect(await found('status=closed')).toEqual(sorted('slow'));
    expect(await found('department=finance')).toEqual(sorted('invoice'));
    expect(await found('processVersion=2')).toEqual(sorted('invoice'));
    // `to` is a day included whole.
    expect(await found('from=2025-03-02&to=2025-03-03')).toEqual(sorted('invoice', 'late'));
  });

  it('should filter by deadline status and assignee', async () => {
    expect(await found('sla=overdue')).toEqual(sorted('late'));
    expect(await found('sla=breached')).toEqual(sorted('late', 'slow'));
    const within = await found('sla=within&from=2025-03-01&to=2025-03-31');
    expect(within).toEqual(sorted('kettle', 'invoice', 'onTime'));
    // assigned (open task) or completed by
    expect(await found('assignee=agent.one%40staff.test')).toEqual(sorted('late', 'onTime'));
    const page = await search(`trackingCode=${codes.late}`);
    expect(page.items[0]).toMatchObject({ overdue: true, breached: true, customerName: 'Ada Lovelace' });
  });

  it('should page newest first with a keyset cursor, without gaps or repeats', async () => {
    // given 30 complaints, when read 7 at a time
    const seen: string[] = [];
    const dates: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ComplaintSearchPage = await search(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      dates.push(...page.items.map((i) => i.createdAt));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    // then every complaint came once, in descending order of receipt
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
    expect([...dates].sort().reverse()).toEqual(dates);
    const bad = await compliance.json('GET', '/api/compliance/complaints?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect((await compliance.json('GET', '/api/compliance/complaints?channel=pigeon')).status).toBe(400);
  });

  it('should export the filtered list as CSV, quoting cells and neutralising formulas', async () => {
    // when the March complaints are exported
    const res = await compliance.request(
      'GET',
      '/api/compliance/complaints/export.csv?from=2025-03-01&to=2025-03-31',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="complaints-.*\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // a UTF-8 byte order mark first, so spreadsheet programs read non-Latin text right
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const rows = parseCsv(text);
    // then there is a header and one line per complaint, newest first
    expect(rows[0]).toEqual(expect.arrayContaining(['tracking code', 'received at', 'customer', 'subject']));
    expect(rows).toHaveLength(6);
    const subject = rows[0]!.indexOf('subject');
    const code = rows[0]!.indexOf('tracking code');
    const invoiceRow = rows.find((r) => r[code] === codes.invoice)!;
    // the formula is kept as text: a leading apostrophe, quotes doubled inside a quoted cell
    expect(invoiceRow[subject]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(rows.slice(1).map((r) => r[code])).toEqual([
      codes.onTime,
      codes.slow,
      codes.late,
      codes.invoice,
      codes.kettle,
    ]);
  });

  it('should render the search page with results and NOT let an agent search', async () => {
    const page = await compliance.request('GET', '/staff/compliance/search?category=product');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(codes.kettle);
    expect(html).not.toContain(codes.invoice);
    const agent = await loginAs(sys, ['agent'], ['quality']);
    expect((await agent.json('GET', '/api/compliance/complaints')).status).toBe(403);
    expect((await agent.request('GET', '/staff/compliance/search')).status).toBe(403);
  });
});
