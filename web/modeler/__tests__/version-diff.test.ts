import type { CompiledProcess } from '../../../workflows/engine/types';
import { diffVersions } from '../version-diff';

const base = (): CompiledProcess => ({
  id: 'p',
  name: 'Complaint',
  startEventId: 'start',
  elements: {
    start: { id: 'start', kind: 'startEvent', incoming: [], outgoing: ['f1'] },
    review: {
      id: 'review',
      kind: 'userTask',
      name: 'Review',
      incoming: ['f1'],
      outgoing: ['f2'],
      userTask: { candidateGroups: ['quality', 'sales'], dueIn: 'P3D', form: { components: [{ key: 'a' }] } },
    },
    end: { id: 'end', kind: 'endEvent', incoming: ['f2'], outgoing: [] },
  },
  flows: {
    f1: { id: 'f1', source: 'start', target: 'review' },
    f2: { id: 'f2', source: 'review', target: 'end' },
  },
});

describe('comparing two compiled versions', () => {
  it('should find nothing between a version and itself, whatever the order of id lists', () => {
    const reordered = base();
    reordered.elements.review!.userTask!.candidateGroups = ['sales', 'quality'];
    expect(diffVersions(base(), reordered)).toEqual({
      process: [],
      elements: { added: [], removed: [], changed: [] },
      flows: { added: [], removed: [], changed: [] },
    });
  });

  it('should name added, removed and changed elements with the attributes that changed', () => {
    const next = base();
    next.name = 'Complaint v2';
    next.elements.review!.userTask!.dueIn = 'P2D';
    next.elements.review!.userTask!.form = { components: [{ key: 'b' }] };
    next.elements.notify = {
      id: 'notify',
      kind: 'serviceTask',
      incoming: [],
      outgoing: [],
      serviceTask: { type: 'notify', params: { template: 'closure' } },
    };
    delete next.elements.end;
    next.flows.f2!.condition = 'x > 1';
    const diff = diffVersions(base(), next);
    expect(diff.process).toEqual([{ attribute: 'name', from: 'Complaint', to: 'Complaint v2' }]);
    expect(diff.elements.added).toEqual([{ id: 'notify', kind: 'serviceTask' }]);
    expect(diff.elements.removed).toEqual([{ id: 'end', kind: 'endEvent' }]);
    expect(diff.elements.changed).toEqual([
      {
        id: 'review',
        kind: 'userTask',
        name: 'Review',
        changes: [
          { attribute: 'userTask.dueIn', from: 'P3D', to: 'P2D' },
          {
            attribute: 'userTask.form',
            from: { components: [{ key: 'a' }] },
            to: { components: [{ key: 'b' }] },
          },
        ],
      },
    ]);
    expect(diff.flows.changed).toEqual([
      { id: 'f2', kind: 'sequenceFlow', changes: [{ attribute: 'condition', from: null, to: 'x > 1' }] },
    ]);
  });
});
