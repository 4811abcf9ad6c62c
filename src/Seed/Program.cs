using GalaxyActors.Seed.Cli;

// `galaxy`: the command line of GalaxyActors (DESIGN.md §3).
return await GalaxyCli.Build().Parse(args).InvokeAsync();
