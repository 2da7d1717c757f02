// Package limitranger is kube-apiserver's LimitRanger admission plugin: the LimitRanges of a
// namespace give containers their default requests and limits, and bound what containers, pods
// and persistent volume claims may ask for.
package limitranger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/singleflight"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/cache"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "LimitRanger"

const (
	// liveLookupTTL is how long a namespace's LimitRanges read from the API stand in for the
	// informer's, which may not have seen a LimitRange created just before the pod.
	liveLookupTTL = 30 * time.Second
	// liveLookupNamespaces bounds the namespaces whose live lookups are remembered.
	liveLookupNamespaces = 10000
)

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return newPlugin(), nil
	})
}

func newPlugin() *plugin {
	return &plugin{
		Handler:    admission.NewHandler(admission.Create, admission.Update),
		liveLookup: cache.NewLRUExpireCache(liveLookupNamespaces),
	}
}

type plugin struct {
	*admission.Handler
	client     kubernetes.Interface
	lister     corev1listers.LimitRangeLister
	liveLookup *cache.LRUExpireCache
	group      singleflight.Group
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeClientSet       = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeClientSet(client kubernetes.Interface) { p.client = client }

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().LimitRanges()
	p.lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.lister == nil {
		return errors.New("missing limitRange lister")
	}
	if p.client == nil {
		return errors.New("missing client")
	}
	return nil
}

// Admit fills in the defaults of a pod's containers, on create and on resize.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	return p.each(a, func(lr *corev1.LimitRange) error {
		if pod, ok := a.GetObject().(*corev1.Pod); ok {
			applyDefaults(lr, pod)
		}
		return nil
	})
}

// Validate checks the object against every LimitRange of its namespace.
func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	return p.each(a, func(lr *corev1.LimitRange) error {
		switch obj := a.GetObject().(type) {
		case *corev1.Pod:
			old, _ := a.GetOldObject().(*corev1.Pod)
			return validatePod(lr, obj, old)
		case *corev1.PersistentVolumeClaim:
			old, _ := a.GetOldObject().(*corev1.PersistentVolumeClaim)
			return validateClaim(lr, obj, old)
		}
		return nil
	})
}

// each runs fn for every LimitRange of a's namespace, for the requests the plugin looks at: pod
// creates and resizes (nothing else changes a pod's resources) and claim creates and updates, not
// of objects being deleted.
func (p *plugin) each(a admission.Attributes, fn func(*corev1.LimitRange) error) error {
	if !handles(a) {
		return nil
	}
	if old := a.GetOldObject(); old != nil {
		accessor, err := meta.Accessor(old)
		if err != nil {
			return admission.NewForbidden(a, err)
		}
		if accessor.GetDeletionTimestamp() != nil {
			return nil
		}
	}
	ranges, err := p.limitRanges(a)
	if err != nil {
		return err
	}
	for _, lr := range ranges {
		if err := fn(lr); err != nil {
			return admission.NewForbidden(a, err)
		}
	}
	return nil
}

var (
	podKind   = corev1.SchemeGroupVersion.WithKind("Pod").GroupKind()
	claimKind = corev1.SchemeGroupVersion.WithKind("PersistentVolumeClaim").GroupKind()
)

func handles(a admission.Attributes) bool {
	kind := a.GetKind().GroupKind()
	switch a.GetSubresource() {
	case "":
		return kind == claimKind || kind == podKind && a.GetOperation() == admission.Create
	case "resize":
		return kind == podKind && a.GetOperation() == admission.Update
	}
	return false
}

type liveLookupEntry []*corev1.LimitRange

// limitRanges returns the namespace's LimitRanges from the informer or, when it has none, from a
// recent live list, so that a LimitRange created just before the object is not missed.
func (p *plugin) limitRanges(a admission.Attributes) ([]*corev1.LimitRange, error) {
	namespace := a.GetNamespace()
	items, err := p.lister.LimitRanges(namespace).List(labels.Everything())
	if err != nil {
		return nil, admission.NewForbidden(a, fmt.Errorf("unable to %s %v at this time because there was an error enforcing limit ranges", a.GetOperation(), a.GetResource()))
	}
	if len(items) > 0 {
		return items, nil
	}
	if cached, ok := p.liveLookup.Get(namespace); ok {
		return cached.(liveLookupEntry), nil
	}
	live, err, _ := p.group.Do(namespace, func() (any, error) {
		list, err := p.client.CoreV1().LimitRanges(namespace).List(context.TODO(), metav1.ListOptions{})
		if err != nil {
			return nil, admission.NewForbidden(a, err)
		}
		entry := make(liveLookupEntry, len(list.Items))
		for i := range list.Items {
			entry[i] = &list.Items[i]
		}
		p.liveLookup.Add(namespace, entry, liveLookupTTL)
		return entry, nil
	})
	if err != nil {
		return nil, err
	}
	return live.(liveLookupEntry), nil
}
