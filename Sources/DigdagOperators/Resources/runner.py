# digdag py> runner
