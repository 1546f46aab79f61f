import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import TokenSimulationModule from 'bpmn-js-token-simulation';
import Modeler from 'bpmn-js/lib/Modeler';
import redressDescriptor from '../../../core/bpmn/redress.moddle.json';
import { packedLintConfig } from '../../lint/lint-config';
import { RedressPropertiesProviderModule } from '../properties';
import type { Catalogue } from './catalogue';

/**
 * The bpmn-js Modeler with the properties panel (BPMN + Redress's provider), the moddle extension the
 * server compiles with, bpmnlint with the deploy's own rules (problems on the diagram as you edit),
 * and token simulation (its toggle sits on the canvas).
 */
export function createModeler(canvas: HTMLElement, properties: HTMLElement, catalogue: Catalogue): Modeler {
  const options = {
    container: canvas,
    propertiesPanel: {
      parent: properties,
      // Redress's groups open, as they hold what a process owner changes most.
      layout: {
        groups: Object.fromEntries(
          ['general', 'redress-task', 'redress-assignment', 'redress-condition', 'redress-stage'].map(
            (id) => [id, { open: true }],
          ),
        ),
      },
    },
    linting: { bpmnlint: packedLintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      RedressPropertiesProviderModule,
      lintModule,
      TokenSimulationModule,
    ],
    moddleExtensions: { redress: redressDescriptor },
    // Read by the properties provider as `config.redressCatalogue`.
    redressCatalogue: catalogue,
  };
  return new Modeler(options as ConstructorParameters<typeof Modeler>[0]);
}
