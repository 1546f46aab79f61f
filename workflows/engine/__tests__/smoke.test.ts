import { buildProcess, chain, end, gateway, Instance, start, userTask, flow } from './builders';

test('smoke', () => {
  const model = buildProcess(
    [start('s'), gateway('f', 'parallelGateway'), userTask('a'), userTask('b'), gateway('j', 'parallelGateway'), end('e')],
    [...chain('s', 'f'), flow('f', 'a'), flow('f', 'b'), flow('a', 'j'), flow('b', 'j'), ...chain('j', 'e')],
  );
  const i = new Instance(model);
  console.log(JSON.stringify(i.state), i.commands);
  i.completeTask('a');
  console.log(JSON.stringify(i.state), i.commands);
  i.completeTask('b');
  console.log(JSON.stringify(i.state), i.commands);
});
