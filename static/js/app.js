// innerback's small progressive enhancements. Everything works without this file.
"use strict";
