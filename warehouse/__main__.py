from warehouse.cli import main
from warehouse.quick_exit import quick_exit

quick_exit(main())  # every file and connection a step opens is closed when it returns
