import { Observable, Subject } from 'rxjs';
import { toDisposable, type Disposable } from './disposable.js';

/** One typed stream per fact; expose it as `readonly onDidVerbNoun: Event<Payload>`. */
export type Event<T> = Observable<T>;

/** Owns the private Subject behind an `onDidX` event. */
export class Emitter<T> implements Disposable {
  private readonly subject = new Subject<T>();
  readonly event: Event<T> = this.subject.asObservable();

  fire(value: T): void {
    this.subject.next(value);
  }

  dispose(): void {
    this.subject.complete();
  }
}

/** Subscribes and returns the subscription as a Disposable, so it can join a DisposableCollection. */
export function listen<T>(event: Event<T>, listener: (value: T) => void): Disposable {
  const subscription = event.subscribe({ next: listener });
  return toDisposable(() => subscription.unsubscribe());
}
