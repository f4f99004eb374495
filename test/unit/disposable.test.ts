import * as assert from 'node:assert/strict';
import { Disposable, disposeAll } from '../../src/core/disposable';

class Owner extends Disposable {
  readonly log: string[] = [];
  add(name: string): { dispose(): void } {
    return this._register({ dispose: () => this.log.push(name) });
  }
  addTwo(a: string, b: string): void {
    this._register({ dispose: () => this.log.push(a) }, { dispose: () => this.log.push(b) });
  }
  get gone(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable: every piece of state has an owner', () => {
  it('disposes what it owns once, in the order registered', () => {
    const owner = new Owner();
    owner.add('watcher');
    owner.addTwo('listener', 'timer');
    assert.equal(owner.gone, false);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(owner.log, ['watcher', 'listener', 'timer']);
    assert.equal(owner.gone, true);
  });

  it('disposes at once what is registered after the owner is gone', () => {
    const owner = new Owner();
    owner.dispose();
    owner.add('late');
    assert.deepEqual(owner.log, ['late']);
  });

  it('disposes the rest when one throws, then throws the first error', () => {
    const log: string[] = [];
    const items = [
      { dispose: () => log.push('a') },
      { dispose: () => { throw new Error('first'); } },
      { dispose: () => { throw new Error('second'); } },
      { dispose: () => log.push('d') },
    ];
    assert.throws(() => disposeAll(items), /first/);
    assert.deepEqual(log, ['a', 'd']);
  });
});
