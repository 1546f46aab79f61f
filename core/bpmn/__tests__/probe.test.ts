import { compileBpmn } from '../compile';
import { loadDefaultProcessXml } from '../default-process';
test('probe', async () => {
  const r = await compileBpmn(loadDefaultProcessXml());
  console.log(JSON.stringify(r.ok ? { w: r.warnings, n: Object.keys(r.process.elements).length, inv: r.process.elements.investigate, b: r.process.elements.investigationReminder, f: r.process.flows.toApproval } : r, null, 1));
});
