package limitranger

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	resourcehelper "k8s.io/component-helpers/resource"
)

// validatePod checks each container and init container against the Container items of lr and the
// pod's total against its Pod items, reporting every violation.
func validatePod(lr *corev1.LimitRange, pod *corev1.Pod) error {
	var errs []error
	for _, item := range lr.Spec.Limits {
		switch item.Type {
		case corev1.LimitTypeContainer:
			for _, c := range pod.Spec.Containers {
				errs = append(errs, checkBounds(item, c.Resources.Requests, c.Resources.Limits)...)
			}
			for _, c := range pod.Spec.InitContainers {
				errs = append(errs, checkBounds(item, c.Resources.Requests, c.Resources.Limits)...)
			}
		case corev1.LimitTypePod:
			requests := resourcehelper.PodRequests(pod, resourcehelper.PodResourcesOptions{})
			limits := resourcehelper.PodLimits(pod, resourcehelper.PodResourcesOptions{})
			errs = append(errs, checkBounds(item, requests, limits)...)
		}
	}
	return utilerrors.NewAggregate(errs)
}

// validateClaim checks a claim's storage request against the PersistentVolumeClaim items of lr; a
// claim's limits are not what the user asks for, so max applies to the request.
func validateClaim(lr *corev1.LimitRange, claim *corev1.PersistentVolumeClaim) error {
	var errs []error
	for _, item := range lr.Spec.Limits {
		if item.Type != corev1.LimitTypePersistentVolumeClaim {
			continue
		}
		for name, bound := range item.Min {
			errs = appendErr(errs, minimum(item.Type, name, bound, claim.Spec.Resources.Requests, nil))
		}
		for name, bound := range item.Max {
			errs = appendErr(errs, maximumRequest(item.Type, name, bound, claim.Spec.Resources.Requests))
		}
	}
	return utilerrors.NewAggregate(errs)
}

func checkBounds(item corev1.LimitRangeItem, requests, limits corev1.ResourceList) []error {
	var errs []error
	for name, bound := range item.Min {
		errs = appendErr(errs, minimum(item.Type, name, bound, requests, limits))
	}
	for name, bound := range item.Max {
		errs = appendErr(errs, maximum(item.Type, name, bound, requests, limits))
	}
	for name, ratio := range item.MaxLimitRequestRatio {
		errs = appendErr(errs, maxRatio(item.Type, name, ratio, requests, limits))
	}
	return errs
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
