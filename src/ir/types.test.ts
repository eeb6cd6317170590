import { describe, expectTypeOf, it } from 'vitest';
import type { MESSAGES } from './schema.js';
import type * as T from './types.js';

/** The JSON field names the field table declares for a message. */
type Fields<M extends keyof typeof MESSAGES> = keyof (typeof MESSAGES)[M]['fields'];

// These are compile-time checks (tsc runs over tests): the TS types and the field table that
// drives the validator must name exactly the same fields.
describe('types match the field table', () => {
  it('for every message', () => {
    expectTypeOf<keyof T.PipelineSpec>().toEqualTypeOf<Fields<'PipelineSpec'>>();
    expectTypeOf<keyof T.PipelineInfo>().toEqualTypeOf<Fields<'PipelineInfo'>>();
    expectTypeOf<keyof T.ComponentSpec>().toEqualTypeOf<Fields<'ComponentSpec'>>();
    expectTypeOf<keyof T.ComponentInputsSpec>().toEqualTypeOf<Fields<'ComponentInputsSpec'>>();
    expectTypeOf<keyof T.InputParameterDefinition>().toEqualTypeOf<
      Fields<'ComponentInputsSpec.ParameterSpec'>
    >();
    expectTypeOf<keyof T.InputArtifactDefinition>().toEqualTypeOf<
      Fields<'ComponentInputsSpec.ArtifactSpec'>
    >();
    expectTypeOf<keyof T.OutputParameterDefinition>().toEqualTypeOf<
      Fields<'ComponentOutputsSpec.ParameterSpec'>
    >();
    expectTypeOf<keyof T.OutputArtifactDefinition>().toEqualTypeOf<
      Fields<'ComponentOutputsSpec.ArtifactSpec'>
    >();
    expectTypeOf<keyof T.ArtifactTypeSchema>().toEqualTypeOf<Fields<'ArtifactTypeSchema'>>();
    expectTypeOf<keyof T.DagSpec>().toEqualTypeOf<Fields<'DagSpec'>>();
    expectTypeOf<keyof T.DagOutputsSpec>().toEqualTypeOf<Fields<'DagOutputsSpec'>>();
    expectTypeOf<keyof T.DagOutputParameterSpec>().toEqualTypeOf<
      Fields<'DagOutputsSpec.DagOutputParameterSpec'>
    >();
    expectTypeOf<keyof T.PipelineTaskSpec>().toEqualTypeOf<Fields<'PipelineTaskSpec'>>();
    expectTypeOf<keyof T.CachingOptions>().toEqualTypeOf<Fields<'PipelineTaskSpec.CachingOptions'>>();
    expectTypeOf<keyof T.TriggerPolicy>().toEqualTypeOf<Fields<'PipelineTaskSpec.TriggerPolicy'>>();
    expectTypeOf<keyof T.RetryPolicy>().toEqualTypeOf<Fields<'PipelineTaskSpec.RetryPolicy'>>();
    expectTypeOf<keyof T.ParameterIteratorSpec>().toEqualTypeOf<Fields<'ParameterIteratorSpec'>>();
    expectTypeOf<keyof T.TaskInputsSpec>().toEqualTypeOf<Fields<'TaskInputsSpec'>>();
    expectTypeOf<keyof T.InputParameterSpec>().toEqualTypeOf<Fields<'TaskInputsSpec.InputParameterSpec'>>();
    expectTypeOf<keyof T.InputArtifactSpec>().toEqualTypeOf<Fields<'TaskInputsSpec.InputArtifactSpec'>>();
    expectTypeOf<keyof T.ValueOrRuntimeParameter>().toEqualTypeOf<Fields<'ValueOrRuntimeParameter'>>();
    expectTypeOf<keyof T.ExecutorSpec>().toEqualTypeOf<Fields<'PipelineDeploymentConfig.ExecutorSpec'>>();
    expectTypeOf<keyof T.PipelineContainerSpec>().toEqualTypeOf<
      Fields<'PipelineDeploymentConfig.PipelineContainerSpec'>
    >();
    expectTypeOf<keyof T.ResourceSpec>().toEqualTypeOf<Fields<'PipelineDeploymentConfig.ResourceSpec'>>();
    expectTypeOf<keyof T.AcceleratorConfig>().toEqualTypeOf<
      Fields<'PipelineDeploymentConfig.AcceleratorConfig'>
    >();
    expectTypeOf<keyof T.ImporterSpec>().toEqualTypeOf<Fields<'PipelineDeploymentConfig.ImporterSpec'>>();
    expectTypeOf<keyof T.SinglePlatformSpec>().toEqualTypeOf<Fields<'SinglePlatformSpec'>>();
    expectTypeOf<keyof T.PipelineConfig>().toEqualTypeOf<Fields<'PipelineConfig'>>();
    expectTypeOf<keyof T.RuntimeArtifact>().toEqualTypeOf<Fields<'RuntimeArtifact'>>();
    expectTypeOf<keyof T.ExecutorInputs>().toEqualTypeOf<Fields<'ExecutorInput.Inputs'>>();
    expectTypeOf<keyof T.ExecutorOutputs>().toEqualTypeOf<Fields<'ExecutorInput.Outputs'>>();
    expectTypeOf<keyof T.ExecutorOutput>().toEqualTypeOf<Fields<'ExecutorOutput'>>();
    expectTypeOf<keyof T.PipelineTaskFinalStatus>().toEqualTypeOf<Fields<'PipelineTaskFinalStatus'>>();
  });
});
