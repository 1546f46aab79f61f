import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import redressDescriptor from '../../core/bpmn/redress.moddle.json';
import { importForeignBpmn, type ForeignImportResult } from '../import/camunda-import';
import { walk, type AnyElement } from '../import/moddle-walk';

const MIWG = path.resolve(__dirname, '../../../shared/corpus/bpmn/miwg-reference');
const FIXTURES = path.join(__dirname, 'fixtures/import');

// BPMN element types the engine does not run: each must appear in the import report by id.
const UNSUPPORTED_TYPES = new Set([
  'bpmn:Task',
  'bpmn:ManualTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ReceiveTask',
  'bpmn:CallActivity',
  'bpmn:Transaction',
  'bpmn:AdHocSubProcess',
  'bpmn:ComplexGateway',
  'bpmn:IntermediateThrowEvent',
]);

/** Open tags of a DI element, counted in the raw text (independent of any parser). */
const countTags = (xml: string, name: string): number =>
  (xml.match(new RegExp(`<(?:[\\w.-]+:)?${name}[\\s/>]`, 'g')) ?? []).length;

async function parse(xml: string): Promise<AnyElement> {
  const moddle = new BpmnModdle({ redress: redressDescriptor });
  return (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement as AnyElement;
}

function elementsOf(root: AnyElement): AnyElement[] {
  const all: AnyElement[] = [];
  walk(root, (element) => all.push(element));
  return all;
}

const reported = (result: ForeignImportResult, id: string): string[] =>
  result.report.filter((finding) => finding.elementId === id).map((finding) => finding.message);

describe('importing BPMN files from other modelers', () => {
  const references = readdirSync(MIWG).filter((file) => file.endsWith('.bpmn'));

  it('should find the MIWG reference models', () => {
    expect(references.length).toBeGreaterThanOrEqual(20);
  });

  it.each(references)('should keep the diagram interchange of MIWG %s', async (file) => {
    // given a reference model from the interchange working group
    const original = readFileSync(path.join(MIWG, file), 'utf8');
    // when it is imported and written back through bpmn-moddle
    const result = await importForeignBpmn(original);
    // then every shape and edge is still there, in the text and in the re-read model
    const after = elementsOf(await parse(result.xml));
    for (const [tag, type] of [
      ['BPMNShape', 'bpmndi:BPMNShape'],
      ['BPMNEdge', 'bpmndi:BPMNEdge'],
      ['BPMNPlane', 'bpmndi:BPMNPlane'],
    ] as const) {
      expect(countTags(result.xml, tag)).toBe(countTags(original, tag));
      expect(after.filter((element) => element.$type === type)).toHaveLength(countTags(original, tag));
    }
    // and no element with an id was lost, except embedded forms that moved into a redress:form
    const moved = result.translated.flatMap((t) => /^zeebe:userTaskForm (.+)$/.exec(t.from)?.[1] ?? []);
    const ids = (root: AnyElement): string[] =>
      elementsOf(root)
        .map((element) => element.id)
        .filter((id): id is string => typeof id === 'string' && !moved.includes(id))
        .sort();
    expect(ids(await parse(result.xml))).toEqual(ids(await parse(original)));
  });

  it.each(references)(
    'should report by id every element of MIWG %s the engine does not run',
    async (file) => {
      // given a reference model
      const original = readFileSync(path.join(MIWG, file), 'utf8');
      const unsupported = elementsOf(await parse(original)).filter((element) =>
        UNSUPPORTED_TYPES.has(element.$type),
      );
      // when it is imported
      const result = await importForeignBpmn(original);
      // then each element the engine cannot run is in the report under its own id
      for (const element of unsupported) expect(reported(result, String(element.id))).not.toEqual([]);
    },
  );

  it('should translate Camunda 7 user-task attributes and report the rest', async () => {
    // given a Camunda 7 model
    const xml = readFileSync(path.join(FIXTURES, 'camunda7-tasks.bpmn'), 'utf8');
    // when it is imported
    const result = await importForeignBpmn(xml);
    const approve = elementsOf(await parse(result.xml)).find((element) => element.id === 'approve')!;
    // then assignee (JUEL variable → FEEL), candidate groups and a duration due date are Redress's
    expect(approve.get!('redress:assignee')).toBe('=approver');
    expect(approve.get!('redress:candidateGroups')).toBe('accounting,sales');
    expect(approve.get!('redress:dueIn')).toBe('P3D');
    expect(approve.$attrs?.['camunda:assignee']).toBeUndefined();
    // and what cannot be carried over stays in the file and is reported on its element
    expect(reported(result, 'approve')).toEqual([expect.stringContaining('camunda:formKey')]);
    expect(reported(result, 'review')).toEqual([
      expect.stringContaining('camunda:candidateGroups'),
      expect.stringContaining('camunda:dueDate'),
    ]);
    expect(result.xml).toContain('camunda:dueDate="${dateTime().plusDays(2).toDate()}"');
    expect(reported(result, 'archive')).toEqual([
      expect.stringContaining('camunda:class'),
      expect.stringContaining('camunda:inputOutput'),
    ]);
  });

  it('should translate Camunda 8 task definitions, assignments, durations and embedded forms', async () => {
    // given a Camunda 8 model
    const xml = readFileSync(path.join(FIXTURES, 'camunda8-tasks.bpmn'), 'utf8');
    // when it is imported
    const result = await importForeignBpmn(xml);
    const byId = new Map(elementsOf(await parse(result.xml)).map((element) => [element.id, element]));
    // then a known task type becomes redress:taskType; an unknown one stays and is reported
    expect(byId.get('acknowledge')!.get!('redress:taskType')).toBe('notify');
    expect(byId.get('crm')!.get!('redress:taskType')).toBeUndefined();
    expect(reported(result, 'crm')).toEqual([
      expect.stringContaining('type "http-json" is not a Redress task type'),
      expect.stringContaining('zeebe:ioMapping'),
    ]);
    // and the assignment, a FEEL duration due date and the embedded form are carried over
    const decide = byId.get('decide')!;
    expect(decide.get!('redress:assignee')).toBe('=owner');
    expect(decide.get!('redress:candidateGroups')).toBe('quality, finance');
    expect(decide.get!('redress:dueIn')).toBe('P2D');
    const form = decide.extensionElements?.values?.find((value) => value.$type === 'redress:Form');
    expect(JSON.parse(String(form?.body))).toMatchObject({ components: [{ key: 'decision' }] });
    expect(result.xml).not.toContain('zeebe:userTaskForm');
    // and what has no counterpart is reported, never silently dropped
    expect(reported(result, 'decide')).toEqual([
      expect.stringContaining('candidateUsers="bob"'),
      expect.stringContaining('followUpDate'),
    ]);
    expect(result.xml).toContain('candidateUsers="bob"');
    expect(reported(result, 'check')).toEqual([
      expect.stringContaining('"2026-12-31T12:00:00Z" is not an ISO 8601 duration'),
      expect.stringContaining('formId'),
    ]);
    expect(result.xml).toContain('dueDate="2026-12-31T12:00:00Z"');
    expect(result.translated.map((t) => `${t.elementId} ${t.to}`)).toEqual([
      'acknowledge redress:taskType',
      'decide redress:assignee',
      'decide redress:candidateGroups',
      'decide redress:dueIn',
      'decide redress:form',
    ]);
  });

  it('should NOT import a file that is not BPMN', async () => {
    await expect(importForeignBpmn('<html><body>hello</body></html>')).rejects.toThrow(
      /not a BPMN 2.0 document/,
    );
  });
});
