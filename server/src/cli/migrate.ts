console.log('    migrations: none yet');
