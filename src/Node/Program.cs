// The worker node joins a cluster; its host is built in the cluster issue.
Console.Error.WriteLine("galaxy-node: the worker host is not built yet (cluster issue #4).");
return 2;
