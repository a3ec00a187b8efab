namespace Workflows.LocalStack;

/// <summary>A part of the local stack could not be installed or started; the message says which and where its log is.</summary>
public sealed class LocalStackException(string message, Exception? innerException = null) : Exception(message, innerException);
