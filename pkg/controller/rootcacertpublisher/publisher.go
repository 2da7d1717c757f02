// Package rootcacertpublisher keeps the `kube-root-ca.crt` ConfigMap in every namespace, holding the CA
// that signs the API server's certificate, so that pods can verify kubernetes.default.svc, as
// kube-controller-manager's root-ca-certificate-publisher does.
package rootcacertpublisher

import (
	"context"
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

const (
	// ConfigMapName is the ConfigMap every namespace gets.
	ConfigMapName = "kube-root-ca.crt"
	// caKey is the ConfigMap's one data key.
	caKey = "ca.crt"
	// DescriptionAnnotation says what the ConfigMap is for, in upstream's words.
	DescriptionAnnotation = "kubernetes.io/description"
	description           = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
		"No other usage is guaranteed across distributions of Kubernetes clusters."
)

// Publisher creates the ConfigMap in namespaces that lack it, recreates it when it is deleted and
// restores its data and description when they are changed.
type Publisher struct {
	client     kubernetes.Interface
	rootCA     []byte
	configMaps corelisters.ConfigMapLister
	synced     []cache.InformerSynced
	queue      workqueue.TypedRateLimitingInterface[string]
}

// New returns a publisher of rootCA that reads namespaces and config maps from the informers and
// writes through client.
func New(client kubernetes.Interface, namespaces coreinformers.NamespaceInformer, configMaps coreinformers.ConfigMapInformer, rootCA []byte) (*Publisher, error) {
	p := &Publisher{
		client:     client,
		rootCA:     rootCA,
		configMaps: configMaps.Lister(),
		synced:     []cache.InformerSynced{namespaces.Informer().HasSynced, configMaps.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "root_ca_cert_publisher"}),
	}
	if _, err := namespaces.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: p.enqueueNamespace,
		UpdateFunc: func(_, obj any) {
			if ns, ok := obj.(*corev1.Namespace); ok && ns.Status.Phase == corev1.NamespaceActive {
				p.enqueueNamespace(ns)
			}
		},
	}); err != nil {
		return nil, err
	}
	if _, err := configMaps.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, obj any) { p.enqueueConfigMapNamespace(obj) },
		DeleteFunc: p.enqueueConfigMapNamespace,
	}); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Publisher) enqueueNamespace(obj any) {
	if ns, ok := obj.(*corev1.Namespace); ok {
		p.queue.Add(ns.Name)
	}
}

func (p *Publisher) enqueueConfigMapNamespace(obj any) {
	if cm, ok := worker.Unwrap[*corev1.ConfigMap](obj); ok && cm.Name == ConfigMapName {
		p.queue.Add(cm.Namespace)
	}
}

// Run works with the given number of workers until ctx ends.
func (p *Publisher) Run(ctx context.Context, workers int) {
	worker.Loop{Name: "root_ca_cert_publisher", Queue: p.queue, Sync: p.sync}.Run(ctx, workers, p.synced...)
}

// sync creates or restores the ConfigMap of one namespace.
func (p *Publisher) sync(ctx context.Context, namespace string) error {
	data := map[string]string{caKey: string(p.rootCA)}
	cm, err := p.configMaps.ConfigMaps(namespace).Get(ConfigMapName)
	if apierrors.IsNotFound(err) {
		_, err = p.client.CoreV1().ConfigMaps(namespace).Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: ConfigMapName, Annotations: map[string]string{DescriptionAnnotation: description}},
			Data:       data,
		}, metav1.CreateOptions{})
		// A namespace that is gone or going away gets no ConfigMap.
		if apierrors.IsNotFound(err) || apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("creating %s in %s: %w", ConfigMapName, namespace, err)
		}
		return nil
	}
	if err != nil {
		return err
	}
	if maps.Equal(cm.Data, data) && cm.Annotations[DescriptionAnnotation] != "" {
		return nil
	}
	cm = cm.DeepCopy()
	cm.Data = data
	if cm.Annotations == nil {
		cm.Annotations = map[string]string{}
	}
	cm.Annotations[DescriptionAnnotation] = description
	_, err = p.client.CoreV1().ConfigMaps(namespace).Update(ctx, cm, metav1.UpdateOptions{})
	return err
}
