// Package componentstatus serves the deprecated v1 componentstatuses (`kubectl get cs`): the
// health of the control-plane components as the API server sees it, computed on every read and
// never stored.
package componentstatus

import (
	"context"
	"fmt"
	"sort"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Result is the outcome of one health check, as the Healthy condition carries it.
type Result struct {
	Status  corev1.ConditionStatus
	Message string
	Error   string
}

// Check reports the health of one component.
type Check func(ctx context.Context) Result

// REST serves componentstatuses from checks run when a client reads them.
type REST struct {
	components map[string]Check
	rest.TableConvertor
}

var (
	_ rest.Getter               = &REST{}
	_ rest.Lister               = &REST{}
	_ rest.Scoper               = &REST{}
	_ rest.ShortNamesProvider   = &REST{}
	_ rest.SingularNameProvider = &REST{}
	_ rest.Storage              = &REST{}
)

// NewREST returns the componentstatuses of the components components names, by name.
func NewREST(components map[string]Check) *REST {
	return &REST{components: components, TableConvertor: NewTableConvertor()}
}

// New returns an empty ComponentStatus.
func (r *REST) New() runtime.Object { return &corev1.ComponentStatus{} }

// NewList returns an empty ComponentStatusList.
func (r *REST) NewList() runtime.Object { return &corev1.ComponentStatusList{} }

// Destroy does nothing: nothing is stored.
func (r *REST) Destroy() {}

// NamespaceScoped is false.
func (r *REST) NamespaceScoped() bool { return false }

// GetSingularName is componentstatus.
func (r *REST) GetSingularName() string { return "componentstatus" }

// ShortNames returns the short name kubectl accepts.
func (r *REST) ShortNames() []string { return []string{"cs"} }

// Get checks one component. Upstream answers an unknown name with a plain error, hence a 500 rather
// than a 404.
func (r *REST) Get(ctx context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	check, ok := r.components[name]
	if !ok {
		return nil, fmt.Errorf("Component not found: %s", name)
	}
	return status(name, check(ctx)), nil
}

// List checks every component at once. Component statuses carry no labels, so any label selector
// other than everything matches none; the field selector sees metadata.name.
func (r *REST) List(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	label, field := labels.Everything(), fields.Everything()
	if options != nil {
		if options.LabelSelector != nil {
			label = options.LabelSelector
		}
		if options.FieldSelector != nil {
			field = options.FieldSelector
		}
	}
	components := r.components
	results := make([]corev1.ComponentStatus, 0, len(components))
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for name, check := range components {
		wg.Go(func() {
			s := status(name, check(ctx))
			mu.Lock()
			defer mu.Unlock()
			results = append(results, *s)
		})
	}
	wg.Wait()
	list := &corev1.ComponentStatusList{Items: []corev1.ComponentStatus{}}
	for _, s := range results {
		if label.Matches(labels.Set(s.Labels)) && field.Matches(fields.Set{"metadata.name": s.Name}) {
			list.Items = append(list.Items, s)
		}
	}
	sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Name < list.Items[j].Name })
	return list, nil
}

func status(name string, r Result) *corev1.ComponentStatus {
	return &corev1.ComponentStatus{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Conditions: []corev1.ComponentCondition{{Type: corev1.ComponentHealthy, Status: r.Status, Message: r.Message, Error: r.Error}},
	}
}
