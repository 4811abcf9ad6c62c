Console.WriteLine("galaxy");
