import type { CompiledProcess } from '../../../workflows/engine/types';
import { migrationBlockers } from '../../../workflows/migration-check';

const process = (elements: CompiledProcess['elements']): CompiledProcess => ({
  id: 'p',
  startEventId: 'start',
  elements,
  flows: {},
});

const source = process({
  sub: { id: 'sub', kind: 'subProcess', incoming: [], outgoing: [] },
  work: {
    id: 'work',
    kind: 'userTask',
    name: 'Work',
    parentId: 'sub',
    incoming: [],
    outgoing: [],
    boundaryEvents: ['late', 'failed'],
  },
  late: { id: 'late', kind: 'boundaryTimer', attachedTo: 'work', incoming: [], outgoing: [] },
  failed: { id: 'failed', kind: 'boundaryError', attachedTo: 'work', incoming: [], outgoing: [] },
});

describe('whether a running complaint can move to another version', () => {
  it('should let a complaint move when everything it holds exists alike in the target', () => {
    expect(
      migrationBlockers({ activeElements: ['work'], waitingElements: ['work'] }, source, source),
    ).toEqual([]);
  });

  it('should NOT let it move when its element, its sub-process or an armed timer is gone or different', () => {
    const target = process({
      work: { id: 'work', kind: 'serviceTask', incoming: [], outgoing: [] },
      failed: { id: 'failed', kind: 'boundaryError', attachedTo: 'work', incoming: [], outgoing: [] },
    });
    expect(migrationBlockers({ activeElements: ['work'], waitingElements: [] }, source, target)).toEqual([
      'late does not exist in the target version',
      'sub does not exist in the target version',
      '"Work" (work) is a userTask here but a serviceTask in the target version',
    ]);
  });

  it('should NOT let it move when its element sits in another sub-process in the target', () => {
    const target = process({ ...source.elements, work: { ...source.elements.work!, parentId: undefined } });
    expect(migrationBlockers({ activeElements: ['work'], waitingElements: [] }, source, target)).toEqual([
      '"Work" (work) sits in another sub-process in the target version',
    ]);
  });
});
