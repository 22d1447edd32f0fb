/// Entry point of the `digdag` command line.
public enum DigdagMain {
    /// Runs the command line with the process arguments and exits.
    public static func main() async {
    }
}
