import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileBpmn } from '../compile';
import type { ModdleElement } from '../moddle-types';
import { parseBpmn } from '../parse';
import { selectProcess } from '../select-process';

// The BPMN MIWG reference models (written by other tools) must never crash the deploy, and whatever
// the engine cannot run must be named by element id so the process owner can find it.
const MIWG_DIR = path.resolve(__dirname, '../../../../shared/corpus/bpmn/miwg-reference');
const files = existsSync(MIWG_DIR) ? readdirSync(MIWG_DIR).filter((file) => file.endsWith('.bpmn')) : [];

/** Ids of plain `bpmn:Task` elements in the process the compiler picks, sub-processes included. */
async function plainTaskIds(xml: string): Promise<string[]> {
  const selection = selectProcess((await parseBpmn(xml)).definitions);
  if (!('process' in selection)) return [];
  const ids: string[] = [];
  const visit = (element: ModdleElement & { flowElements?: ModdleElement[] }): void => {
    if (element.$type === 'bpmn:Task') ids.push(element.id ?? '');
    for (const child of element.flowElements ?? []) visit(child);
  };
  visit(selection.process);
  return ids;
}

describe('MIWG reference models', () => {
  it('should find the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)(
    '%s: should not throw and should name each problem by an element id of the file',
    async (file) => {
      // given
      const xml = readFileSync(path.join(MIWG_DIR, file), 'utf8');

      // when
      const result = await compileBpmn(xml);

      // then: none of these models is in the engine's subset
      expect(result.ok).toBe(false);
      const errors = result.ok ? [] : result.errors;
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.elementId).not.toBe('');
        expect(xml).toContain(`"${error.elementId}"`);
        expect(error.rule).toBeDefined();
      }
      const unsupported = errors
        .filter((error) => error.rule === 'supported-elements')
        .map((error) => error.elementId);
      expect(unsupported).toEqual(expect.arrayContaining(await plainTaskIds(xml)));
    },
  );

  it('should report the three plain tasks of A.1.0 by id', async () => {
    const result = await compileBpmn(readFileSync(path.join(MIWG_DIR, 'A.1.0.bpmn'), 'utf8'));

    expect(result.ok ? [] : result.errors).toEqual(
      [
        '_ec59e164-68b4-4f94-98de-ffb1c58a84af',
        '_820c21c0-45f3-473b-813f-06381cc637cd',
        '_e70a6fcb-913c-4a7b-a65d-e83adc73d69c',
      ].map((elementId) => ({
        elementId,
        rule: 'supported-elements',
        message: expect.stringMatching(/task without a type/),
      })),
    );
  });
});
