/**
 * Browser entry of the process owners' modeler (/modeler). Styles of bpmn-js, the properties panel,
 * bpmnlint, token simulation and the form designer, then Redress's own.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import './modeler.css';
import { startModelerApp } from './app/modeler-app';

const root = document.getElementById('modeler-app');
if (root) {
  startModelerApp(root).catch((error: unknown) => {
    const status = root.querySelector('#m-status');
    if (status) status.textContent = `The modeler could not start: ${(error as Error).message}`;
    root.dataset.ready = 'error';
  });
}
