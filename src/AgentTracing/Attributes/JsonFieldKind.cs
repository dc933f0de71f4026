namespace AgentTracing;

/// <summary>The JSON kind a typed key of a <see cref="JsonBackedObject"/> expects.</summary>
internal enum JsonFieldKind
{
    String,
    Int32,
    Int64,
    Double,
    Boolean,
    DateTime,
    Object,
    StringList,
    Int32List,
    ObjectList,
    Any,
}
