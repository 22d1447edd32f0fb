/// The HTTP server.
public enum DigdagServerModule {}
