/**
 * The owner of things that must be let go (listeners, watchers, timers,
 * providers), in the manner of VS Code's own extensions: a class extends
 * {@link Disposable}, hands what it creates to {@link Disposable._register},
 * and is itself disposed by its owner, in the end by the composition root.
 * Pure: the editor's `vscode.Disposable` satisfies {@link IDisposable}.
 */

/** Anything that can be disposed. */
export interface IDisposable {
  dispose(): void;
}

/**
 * Owns disposables and disposes them once, in the order registered. Something
 * registered after the owner was disposed is disposed at once, so that work
 * finishing late (a watcher made after an await) never outlives its owner.
 */
export abstract class Disposable implements IDisposable {
  private disposed = false;
  private readonly owned: IDisposable[] = [];

  /** True once {@link dispose} has run. */
  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Disposes everything registered, once; a second call does nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned.splice(0));
  }

  /** Takes ownership of `value` (disposed with this object) and returns it. */
  protected _register<T extends IDisposable>(value: T): T;
  /** Takes ownership of several disposables at once. */
  protected _register(...values: IDisposable[]): void;
  protected _register(...values: IDisposable[]): IDisposable | undefined {
    if (this.disposed) disposeAll(values);
    else this.owned.push(...values);
    return values[0];
  }
}

/**
 * Disposes every item, even when one of them throws; the first error is
 * thrown again after all were disposed.
 */
export function disposeAll(items: Iterable<IDisposable>): void {
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    try {
      item.dispose();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
