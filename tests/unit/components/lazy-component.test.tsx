/**
 * components/lazy-component.ts: nothing drawn until the module has come, then the component with its
 * props; one load however many mount; a failed load tried again at the next mount.
 */
import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { lazyComponent } from '../../../components/lazy-component';

function Hello({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

describe('lazyComponent', () => {
  it('draws nothing until loaded, then the component with its props; one load for every mount', async () => {
    let arrive: (c: typeof Hello) => void = () => undefined;
    const load = vi.fn(() => new Promise<typeof Hello>((resolve) => (arrive = resolve)));
    const Lazy = lazyComponent(load);
    const { container } = render(
      <div>
        <Lazy name="Ana" />
        <Lazy name="Bo" />
      </div>,
    );
    expect(container.textContent).toBe('');
    arrive(Hello);
    await screen.findByText('Hello Ana');
    expect(screen.getByText('Hello Bo')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
    // A later mount draws at once: the module is there.
    render(<Lazy name="Cy" />);
    expect(screen.getByText('Hello Cy')).toBeTruthy();
  });

  it('tries a failed load again at the next mount; preload starts it early', async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValueOnce(new Error('chunk failed'))
      .mockResolvedValue(Hello);
    const Lazy = lazyComponent(load);
    const first = render(<Lazy name="Ana" />);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(first.container.textContent).toBe('');
    first.unmount();
    await Lazy.preload();
    expect(load).toHaveBeenCalledTimes(2);
    render(<Lazy name="Bo" />);
    expect(screen.getByText('Hello Bo')).toBeTruthy();
  });
});
