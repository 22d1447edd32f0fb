import DigdagCLI

await DigdagMain.main()
