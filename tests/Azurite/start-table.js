// Azurite's table service for the tests, which end it by closing its standard input: a test run that dies
// (a killed test host, a crashed pwsh) then never leaves a server behind on the machine.
// Usage: node start-table.js --tableHost 127.0.0.1 --tablePort <port> --location <folder> --silent --disableTelemetry
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
require('azurite/dist/src/table/main.js');
