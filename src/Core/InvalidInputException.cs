namespace GalaxyActors.Core;

/// <summary>
/// A problem with what the user gave us (a file, a dataset, an option value). The CLI prints its
/// message as one line and exits non-zero without a stack trace, so the message must name the
/// file/dataset/option and say what is wrong with it.
/// </summary>
public sealed class InvalidInputException(string message, Exception? inner = null) : Exception(message, inner);
