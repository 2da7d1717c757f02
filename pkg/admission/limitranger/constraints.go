package limitranger

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	resourcehelper "k8s.io/component-helpers/resource"
)

// validatePod checks each container and init container against the Container items of lr and the
// pod's total against its Pod items, reporting every violation. On a resize, old is the stored
// pod: a value the resize leaves as it was is valid as stored and not checked again.
func validatePod(lr *corev1.LimitRange, pod, old *corev1.Pod) error {
	var errs []error
	for _, item := range lr.Spec.Limits {
		switch item.Type {
		case corev1.LimitTypeContainer:
			errs = append(errs, checkContainers(item, pod.Spec.Containers, oldContainers(old, false))...)
			errs = append(errs, checkContainers(item, pod.Spec.InitContainers, oldContainers(old, true))...)
		case corev1.LimitTypePod:
			now := podResources(pod)
			var before *corev1.ResourceRequirements
			if old != nil {
				r := podResources(old)
				before = &r
			}
			errs = append(errs, checkBounds(item, now, before)...)
		}
	}
	return utilerrors.NewAggregate(errs)
}

func oldContainers(old *corev1.Pod, init bool) []corev1.Container {
	switch {
	case old == nil:
		return nil
	case init:
		return old.Spec.InitContainers
	default:
		return old.Spec.Containers
	}
}

func checkContainers(item corev1.LimitRangeItem, containers, old []corev1.Container) []error {
	var errs []error
	for _, c := range containers {
		var before *corev1.ResourceRequirements
		for _, o := range old {
			if o.Name == c.Name {
				before = &o.Resources
			}
		}
		errs = append(errs, checkBounds(item, c.Resources, before)...)
	}
	return errs
}

// podResources are the pod's requests and limits as the scheduler counts them, pod-level
// resources included, without the RuntimeClass overhead, which is not the user's to bound.
func podResources(pod *corev1.Pod) corev1.ResourceRequirements {
	opts := resourcehelper.PodResourcesOptions{ExcludeOverhead: true}
	return corev1.ResourceRequirements{Requests: resourcehelper.PodRequests(pod, opts), Limits: resourcehelper.PodLimits(pod, opts)}
}

// validateClaim checks a claim's storage request against the PersistentVolumeClaim items of lr; a
// claim's limits are not what the user asks for, so max applies to the request. A request an
// update leaves as it was is not checked again.
func validateClaim(lr *corev1.LimitRange, claim, old *corev1.PersistentVolumeClaim) error {
	requests := claim.Spec.Resources.Requests
	var oldRequests corev1.ResourceList
	if old != nil {
		oldRequests = old.Spec.Resources.Requests
	}
	unchanged := func(name corev1.ResourceName) bool {
		q, ok := requests[name]
		o, oldOK := oldRequests[name]
		return ok && oldOK && q.Cmp(o) == 0
	}
	var errs []error
	for _, item := range lr.Spec.Limits {
		if item.Type != corev1.LimitTypePersistentVolumeClaim {
			continue
		}
		for name, bound := range item.Min {
			if !unchanged(name) {
				errs = appendErr(errs, minimum(item.Type, name, bound, requests, nil))
			}
		}
		for name, bound := range item.Max {
			if !unchanged(name) {
				errs = appendErr(errs, maximumRequest(item.Type, name, bound, requests))
			}
		}
	}
	return utilerrors.NewAggregate(errs)
}

// checkBounds checks r against item; with before, the stored values, it skips each resource
// whose request and limit both stay as they were.
func checkBounds(item corev1.LimitRangeItem, r corev1.ResourceRequirements, before *corev1.ResourceRequirements) []error {
	unchanged := func(name corev1.ResourceName) bool {
		return before != nil && same(name, r.Requests, before.Requests) && same(name, r.Limits, before.Limits)
	}
	var errs []error
	for name, bound := range item.Min {
		if !unchanged(name) {
			errs = appendErr(errs, minimum(item.Type, name, bound, r.Requests, r.Limits))
		}
	}
	for name, bound := range item.Max {
		if !unchanged(name) {
			errs = appendErr(errs, maximum(item.Type, name, bound, r.Requests, r.Limits))
		}
	}
	for name, ratio := range item.MaxLimitRequestRatio {
		if !unchanged(name) {
			errs = appendErr(errs, maxRatio(item.Type, name, ratio, r.Requests, r.Limits))
		}
	}
	return errs
}

// same tells whether name is absent from both lists or has equal quantities in both.
func same(name corev1.ResourceName, a, b corev1.ResourceList) bool {
	qa, inA := a[name]
	qb, inB := b[name]
	return inA == inB && (!inA || qa.Cmp(qb) == 0)
}

func appendErr(errs []error, err error) []error {
	if err != nil {
		return append(errs, err)
	}
	return errs
}

func minimum(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, requests, limits corev1.ResourceList) error {
	req, hasReq := requests[name]
	lim, hasLim := limits[name]
	switch {
	case !hasReq:
		return fmt.Errorf("minimum %s usage per %s is %s.  No request is specified", name, kind, bound.String())
	case bound.Cmp(req) > 0:
		return fmt.Errorf("minimum %s usage per %s is %s, but request is %s", name, kind, bound.String(), req.String())
	case hasLim && bound.Cmp(lim) > 0:
		return fmt.Errorf("minimum %s usage per %s is %s, but limit is %s", name, kind, bound.String(), lim.String())
	}
	return nil
}

func maximum(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, requests, limits corev1.ResourceList) error {
	req, hasReq := requests[name]
	lim, hasLim := limits[name]
	switch {
	case !hasLim:
		return fmt.Errorf("maximum %s usage per %s is %s.  No limit is specified", name, kind, bound.String())
	case lim.Cmp(bound) > 0:
		return fmt.Errorf("maximum %s usage per %s is %s, but limit is %s", name, kind, bound.String(), lim.String())
	case hasReq && req.Cmp(bound) > 0:
		return fmt.Errorf("maximum %s usage per %s is %s, but request is %s", name, kind, bound.String(), req.String())
	}
	return nil
}

func maximumRequest(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, requests corev1.ResourceList) error {
	req, hasReq := requests[name]
	switch {
	case !hasReq:
		return fmt.Errorf("maximum %s usage per %s is %s.  No request is specified", name, kind, bound.String())
	case req.Cmp(bound) > 0:
		return fmt.Errorf("maximum %s usage per %s is %s, but request is %s", name, kind, bound.String(), req.String())
	}
	return nil
}

func maxRatio(kind corev1.LimitType, name corev1.ResourceName, ratio resource.Quantity, requests, limits corev1.ResourceList) error {
	req, hasReq := requests[name]
	lim, hasLim := limits[name]
	if !hasReq || req.Sign() == 0 {
		return fmt.Errorf("%s max limit to request ratio per %s is %s, but no request is specified or request is 0", name, kind, ratio.String())
	}
	if !hasLim || lim.Sign() == 0 {
		return fmt.Errorf("%s max limit to request ratio per %s is %s, but no limit is specified or limit is 0", name, kind, ratio.String())
	}
	observed := lim.AsApproximateFloat64() / req.AsApproximateFloat64()
	if observed > ratio.AsApproximateFloat64() {
		return fmt.Errorf("%s max limit to request ratio per %s is %s, but provided ratio is %f", name, kind, ratio.String(), observed)
	}
	return nil
}
