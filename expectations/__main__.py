from expectations.run import main

raise SystemExit(main())
