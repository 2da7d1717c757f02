package options

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/runtime/schema"
	genericoptions "k8s.io/apiserver/pkg/server/options"
)

// EventsOptions are the flags about events.
type EventsOptions struct {
	// TTL is how long an event lives after its last write; etcd leases delete it then.
	TTL time.Duration
}

// NewEventsOptions returns kube-apiserver's default: events live for an hour.
func NewEventsOptions() EventsOptions {
	return EventsOptions{TTL: time.Hour}
}

// AddFlags adds --event-ttl to fs.
func (o *EventsOptions) AddFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&o.TTL, "event-ttl", o.TTL, "Amount of time to retain events.")
}

// Validate reports a TTL etcd cannot grant: leases are whole seconds, at least one.
func (o *EventsOptions) Validate() []error {
	if o.TTL < time.Second {
		return []error{fmt.Errorf("--event-ttl must be at least 1s, got %v", o.TTL)}
	}
	return nil
}

// applyWatchCacheSizes turns the watch cache off for events, as kube-apiserver does by default: they
// are many, short-lived and rarely watched. Sizes given with --watch-cache-sizes win.
func (o *EventsOptions) applyWatchCacheSizes(etcd *genericoptions.EtcdOptions) error {
	sizes := map[schema.GroupResource]int{
		{Resource: "events"}:                         0,
		{Group: "events.k8s.io", Resource: "events"}: 0,
	}
	userSpecified, err := genericoptions.ParseWatchCacheSizes(etcd.WatchCacheSizes)
	if err != nil {
		return err
	}
	for resource, size := range userSpecified {
		sizes[resource] = size
	}
	etcd.WatchCacheSizes, err = genericoptions.WriteWatchCacheSizes(sizes)
	return err
}
