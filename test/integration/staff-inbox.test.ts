import { HumanTask } from '../../core/db/entities';
import { loginAs, type StaffClient } from '../support/staff-client';
import { eventually, startTestSystem, uniqueEmail, type TestSystem } from '../support/test-system';

interface InboxJson {
  tasks: {
    id: string;
    complaintId: string;
    candidateGroups: string[];
    overdue: boolean;
    dueAt: string | null;
    category: string | null;
    trackingCode: string;
  }[];
  matching: number;
  hasMore: boolean;
  counts: {
    total: number;
    group: Record<string, number>;
    category: Record<string, number>;
    due: Record<string, number>;
    assigned: Record<string, number>;
  };
}

/** Reads Server-Sent Events from a streaming response until `until` accepts one or the time is up. */
async function readEvents(
  res: Response,
  until: (event: { event: string; data: string }) => boolean,
  timeoutMs = 20_000,
): Promise<{ event: string; data: string }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: { event: string; data: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (!chunk || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
        if (!/^(event|data):/m.test(block)) continue; // comments and retry hints
        seen.push({ event, data });
        if (until({ event, data })) return seen;
      }
    }
    return seen;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe('the task inbox: filters, counts, sorting, paging and live updates', () => {
  let sys: TestSystem;
  let agent: StaffClient;
  const ids: Record<string, string> = {};

  const submit = async (subject: string, description: string): Promise<string> => {
    const res = await fetch(`${sys.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Ivy Inbox', email: uniqueEmail('inbox') },
        subject,
        description,
      }),
    });
    return ((await res.json()) as { id: string }).id;
  };
  const taskOf = (complaintId: string) =>
    eventually(`the task of ${complaintId}`, () =>
      sys.dataSource
        .getRepository(HumanTask)
        .findOneBy({ complaintId, status: 'open' })
        .then((t) => t ?? undefined),
    );

  beforeAll(async () => {
    sys = await startTestSystem();
    agent = await loginAs(sys, ['agent'], ['quality', 'finance'], 'inbox-agent');
    // a product complaint (quality), a billing one (finance), a delivery one (sales)
    ids.kettle = await submit('Broken kettle', 'The kettle stopped working after two days.');
    ids.bill = await submit('Wrong invoice', 'I was charged twice on my invoice this month.');
    ids.parcel = await submit('Parcel never arrived', 'My parcel was never delivered by the courier.');
    for (const key of Object.keys(ids)) ids[`${key}Task`] = (await taskOf(ids[key]!)).id;
    // due dates we control: the kettle is overdue, the bill due in three days
    await sys.dataSource
      .getRepository(HumanTask)
      .update({ id: ids.kettleTask }, { dueAt: new Date(Date.now() - 3_600_000) });
    await sys.dataSource
      .getRepository(HumanTask)
      .update({ id: ids.billTask }, { dueAt: new Date(Date.now() + 3 * 86_400_000) });
  });
  afterAll(async () => {
    await sys?.close();
  });

  const inbox = async (query = ''): Promise<InboxJson> => {
    const res = await agent.json<InboxJson>('GET', `/api/tasks${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('should list only the tasks of my groups, soonest due first, with counts per filter', async () => {
    const all = await inbox();
    expect(all.tasks.map((t) => t.id)).toEqual([ids.kettleTask, ids.billTask]);
    expect(all.tasks[0]!.overdue).toBe(true);
    expect(all.tasks[1]!.overdue).toBe(false);
    expect(all.counts.total).toBe(2);
    expect(all.counts.group).toEqual({ quality: 1, finance: 1 });
    expect(all.counts.category).toEqual({ product: 1, billing: 1 });
    expect(all.counts.due).toMatchObject({ overdue: 1, week: 1, none: 0 });
    expect(all.counts.assigned).toEqual({ me: 0, unassigned: 2, others: 0 });
  });

  it('should filter by group, category and due date, sort the other way and page with a cap', async () => {
    expect((await inbox('?group=finance')).tasks.map((t) => t.id)).toEqual([ids.billTask]);
    expect((await inbox('?category=product')).tasks.map((t) => t.id)).toEqual([ids.kettleTask]);
    expect((await inbox('?due=overdue')).tasks.map((t) => t.id)).toEqual([ids.kettleTask]);
    expect((await inbox('?due=none')).tasks).toEqual([]);
    expect((await inbox('?sort=-due')).tasks.map((t) => t.id)).toEqual([ids.billTask, ids.kettleTask]);
    const first = await inbox('?limit=1');
    expect(first.tasks).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    expect(first.matching).toBe(2);
    const second = await inbox('?limit=1&offset=1');
    expect(second.tasks.map((t) => t.id)).toEqual([ids.billTask]);
    expect(second.hasMore).toBe(false);
    expect((await agent.json('GET', '/api/tasks?limit=1000')).status).toBe(400);
    expect((await agent.json('GET', '/api/tasks?offset=999999')).status).toBe(400);
  });

  it('should show what I claimed under "assigned to me"', async () => {
    expect((await agent.json('POST', `/api/tasks/${ids.billTask}/claim`)).status).toBe(200);
    const mine = await inbox('?assigned=me');
    expect(mine.tasks.map((t) => t.id)).toEqual([ids.billTask]);
    expect(mine.counts.assigned).toEqual({ me: 1, unassigned: 1, others: 0 });
    expect((await agent.json('POST', `/api/tasks/${ids.billTask}/unclaim`)).status).toBe(200);
  });

  it('should render the inbox page with the overdue task highlighted and a claim button per task', async () => {
    const res = await agent.request('GET', '/staff/inbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<tr data-task-id="${ids.kettleTask}" class="row-overdue">`));
    expect(html).toContain(`action="/staff/tasks/${ids.kettleTask}/claim"`);
    expect(html).not.toContain(ids.parcelTask);
    expect(html).toMatch(/<script type="module" src="\/assets\/assets\/inbox-[\w-]+\.js"><\/script>/);
  });

  it('should push a change to an open inbox stream when a task of my group opens or is claimed', async () => {
    // given an open stream
    const stream = await fetch(`${sys.baseUrl}/api/tasks/stream`, {
      headers: { cookie: agent.cookieHeader(), accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = readEvents(stream, (e) => e.event === 'task' && e.data.includes('"op":"insert"'));

    // when the workflow opens a new task of the agent's group (a new complaint) — written by the worker, not the web app
    await new Promise((r) => setTimeout(r, 300));
    const id = await submit('Faulty toaster', 'The toaster is faulty and does not heat.');
    const task = await taskOf(id);

    // then the stream tells the browser about it
    const seen = await events;
    const inserted = seen.find((e) => e.event === 'task' && e.data.includes('"op":"insert"'));
    expect(inserted).toBeDefined();
    expect(JSON.parse(inserted!.data)).toMatchObject({ id: task.id, op: 'insert', status: 'open' });
  });

  it("should NOT push changes of other groups' tasks", async () => {
    const sales = await loginAs(sys, ['agent'], ['sales'], 'sales-agent');
    const stream = await fetch(`${sys.baseUrl}/api/tasks/stream`, {
      headers: { cookie: agent.cookieHeader() },
    });
    const events = readEvents(stream, (e) => e.event === 'task', 3_000);
    await new Promise((r) => setTimeout(r, 300));
    // a sales task changes (claimed by the sales agent)
    expect((await sales.json('POST', `/api/tasks/${ids.parcelTask}/claim`)).status).toBe(200);
    expect((await events).filter((e) => e.event === 'task')).toEqual([]);
  });
});
