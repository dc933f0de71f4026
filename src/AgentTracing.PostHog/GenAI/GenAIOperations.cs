using System;
using System.Diagnostics;

namespace AgentTracing.PostHog;

/// <summary>Classifies a GenAI activity by its operation: the <c>gen_ai.operation.name</c> tag, else the first word of its name.</summary>
internal static class GenAIOperations
{
    public const string InvokeAgent = "invoke_agent";
    public const string ExecuteTool = "execute_tool";
    public const string OrchestrateTools = "orchestrate_tools";
    public const string ExecutorProcess = "executor.process";
    public const string Embeddings = "embeddings";

    /// <summary>The <c>gen_ai.operation.name</c> tag, else the first word of <see cref="Activity.OperationName"/>.</summary>
    public static string Of(Activity activity, out bool fromTag)
    {
        if (GenAIValues.GetString(activity, GenAITags.OperationName) is { Length: > 0 } tagged)
        {
            fromTag = true;
            return tagged;
        }

        fromTag = false;
        var name = activity.OperationName ?? "";
        var space = name.IndexOf(' ');
        return space < 0 ? name : name.Substring(0, space);
    }

    /// <summary>A model-call operation: one provider call.</summary>
    public static bool IsModelCall(string operation) => operation switch
    {
        "chat" or "text_completion" or "generate_content" or "chat.completions" or "text.completions" or Embeddings => true,
        _ => false,
    };

    /// <summary>The span type of an operation; <see langword="null"/> when the activity is not exported.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="fromTag">Whether it came from the <c>gen_ai.operation.name</c> tag.</param>
    /// <param name="hasModelCallDescendant">Whether a tracked descendant was a model call (a parent chat loop).</param>
    public static SpanType? Classify(string operation, bool fromTag, bool hasModelCallDescendant)
    {
        switch (operation)
        {
            case InvokeAgent:
                return SpanType.AgentRun;
            case "invoke_workflow" or "workflow_invoke":
                return SpanType.WorkflowRun;
            case "workflow.session" or "create_agent":
                return SpanType.Generic;
            case ExecutorProcess:
                return SpanType.WorkflowStep;
            case ExecuteTool:
                return SpanType.ToolCall;
            case OrchestrateTools:
                return SpanType.ModelGeneration;
            case "workflow.build" or "message.send" or "edge_group.process":
                return null;
        }

        if (IsModelCall(operation))
        {
            return hasModelCallDescendant ? SpanType.ModelGeneration : SpanType.ModelStep;
        }

        return fromTag && operation.Length > 0 ? SpanType.Generic : null;
    }

    public static bool IsModelType(SpanType type) => type == SpanType.ModelStep || type == SpanType.ModelGeneration;

    public static bool NameEquals(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);
}
