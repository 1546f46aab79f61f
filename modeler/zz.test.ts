import { readFileSync } from 'node:fs';
import { importForeignBpmn } from './import/camunda-import';
test('p', async () => {
  for (const f of ['modeler/__tests__/fixtures/import/camunda7-tasks.bpmn','modeler/__tests__/fixtures/import/camunda8-tasks.bpmn', '../shared/corpus/bpmn/miwg-reference/C.1.0.bpmn', '../shared/corpus/bpmn/miwg-reference/C.8.0.bpmn']) {
    const r = await importForeignBpmn(readFileSync(f, 'utf8'));
    console.log(f, JSON.stringify(r.report, null, 1).slice(0, 4000), JSON.stringify(r.translated), r.xml.split('\n').filter(l => /redress|zeebe|camunda/.test(l)).slice(0, 30).join('\n'));
  }
});
