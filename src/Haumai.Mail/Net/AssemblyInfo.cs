using System.Runtime.CompilerServices;

// The protocol tests drive the transport and the IMAP response reader over in-memory streams.
[assembly: InternalsVisibleTo("Haumai.Mail.Tests")]
