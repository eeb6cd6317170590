/**
 * The field shapes of a Katib Experiment, enough to decode YAML the way Go's `encoding/json`
 * would: a value of the wrong JSON type is an error (Katib's API server rejects the object),
 * an unknown field is dropped by Go, so we report it as a warning (usually a typo).
 */

export type Shape =
  | { t: 'string' }
  | { t: 'int32' }
  | { t: 'float' }
  | { t: 'bool' }
  | { t: 'any' }
  | { t: 'intOrString' }
  | { t: 'map' }
  | { t: 'array'; item: Shape }
  | { t: 'object'; fields: Record<string, Shape>; open?: boolean };

const str: Shape = { t: 'string' };
const i32: Shape = { t: 'int32' };
const any: Shape = { t: 'any' };
const strList: Shape = { t: 'array', item: str };
const obj = (fields: Record<string, Shape>, open = false): Shape => ({ t: 'object', fields, open });

const parameterSpec = obj({
  name: str,
  parameterType: str,
  feasibleSpace: obj({ min: str, max: str, step: str, list: strList, distribution: str }),
});

const algorithmSpec = obj({
  algorithmName: str,
  algorithmSettings: { t: 'array', item: obj({ name: str, value: str }) },
});

/** Shape of `kind: Experiment` (status is not checked). */
export const EXPERIMENT_SHAPE: Shape = obj({
  apiVersion: str,
  kind: str,
  metadata: obj({ name: str, namespace: str, labels: { t: 'map' }, annotations: { t: 'map' } }, true),
  status: any,
  spec: obj({
    parameters: { t: 'array', item: parameterSpec },
    objective: obj({
      type: str,
      goal: { t: 'float' },
      objectiveMetricName: str,
      additionalMetricNames: strList,
      metricStrategies: { t: 'array', item: obj({ name: str, value: str }) },
    }),
    algorithm: algorithmSpec,
    earlyStopping: algorithmSpec,
    trialTemplate: obj({
      retain: { t: 'bool' },
      trialSpec: any,
      configMap: obj({ configMapName: str, configMapNamespace: str, templatePath: str }),
      trialParameters: { t: 'array', item: obj({ name: str, description: str, reference: str }) },
      primaryPodLabels: { t: 'map' },
      primaryContainerName: str,
      successCondition: str,
      failureCondition: str,
    }),
    parallelTrialCount: i32,
    maxTrialCount: i32,
    maxFailedTrialCount: i32,
    metricsCollectorSpec: obj({
      source: obj({
        fileSystemPath: obj({ path: str, kind: str, format: str }),
        httpGet: obj({ path: str, port: { t: 'intOrString' } }, true),
        filter: obj({ metricsFormat: strList }),
      }),
      collector: obj({ kind: str, customCollector: any }),
    }),
    nasConfig: obj({
      graphConfig: obj({
        numLayers: i32,
        inputSizes: { t: 'array', item: i32 },
        outputSizes: { t: 'array', item: i32 },
      }),
      operations: {
        t: 'array',
        item: obj({ operationType: str, parameters: { t: 'array', item: parameterSpec } }),
      },
    }),
    resumePolicy: str,
  }),
});
