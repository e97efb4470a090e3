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

  it('tries a failed load again: at the next render of a mounted one, and at a new mount', async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValueOnce(new Error('chunk failed'))
      .mockRejectedValueOnce(new Error('chunk failed again'))
      .mockResolvedValue(Hello);
    const Lazy = lazyComponent(load);
    const first = render(<Lazy name="Ana" />);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(first.container.textContent).toBe('');
    // Still mounted, drawn again (new props): it tries again, fails again, draws nothing.
    first.rerender(<Lazy name="Ana" />);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(first.container.textContent).toBe('');
    first.unmount();
    // A new mount tries again, by itself, and draws once it has come.
    render(<Lazy name="Bo" />);
    await screen.findByText('Hello Bo');
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('preload starts the load before any mount', async () => {
    const load = vi.fn(async () => Hello);
    const Lazy = lazyComponent(load);
    await Lazy.preload();
    render(<Lazy name="Cy" />);
    expect(screen.getByText('Hello Cy')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
