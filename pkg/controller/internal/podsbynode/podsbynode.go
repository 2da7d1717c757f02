// Package podsbynode indexes the shared pod informer by spec.nodeName, once for every controller that
// looks up the pods of a node.
package podsbynode

import (
	corev1 "k8s.io/api/core/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/tools/cache"
)

// indexName is the index's name, upstream's.
const indexName = "spec.nodeName"

// Lister returns the pods bound to a node.
type Lister func(node string) ([]*corev1.Pod, error)

// New adds the index to pods unless another controller has, and returns the lookup through it.
func New(pods coreinformers.PodInformer) (Lister, error) {
	informer := pods.Informer()
	if _, ok := informer.GetIndexer().GetIndexers()[indexName]; !ok {
		err := informer.AddIndexers(cache.Indexers{indexName: func(obj any) ([]string, error) {
			if pod, ok := obj.(*corev1.Pod); ok && pod.Spec.NodeName != "" {
				return []string{pod.Spec.NodeName}, nil
			}
			return nil, nil
		}})
		if err != nil {
			return nil, err
		}
	}
	indexer := informer.GetIndexer()
	return func(node string) ([]*corev1.Pod, error) {
		objs, err := indexer.ByIndex(indexName, node)
		if err != nil {
			return nil, err
		}
		out := make([]*corev1.Pod, 0, len(objs))
		for _, obj := range objs {
			if pod, ok := obj.(*corev1.Pod); ok {
				out = append(out, pod)
			}
		}
		return out, nil
	}, nil
}
